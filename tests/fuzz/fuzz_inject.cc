// Fuzz target: tampering specifications, -e inject=SET:KEY=VALUE:... and -e fault=, the
// ACTIONS of --inject-filter, and the delays of delay_enter=/delay_exit=. The first byte picks
// the parser (and inject or fault); the rest is the text. What a parse accepts must make
// sense: a `when=` range whose step is not zero, delays that are not negative.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "filter/inject.h"
#include "fuzz_input.h"

using namespace cxtrace;

namespace {

void check(const filter::InjectAction& a) {
  if (a.step == 0 || a.first == 0 || a.delay_enter_ns < -1 || a.delay_exit_ns < -1) {
    std::abort();
  }
  (void)a.fires(1);
  (void)a.fires(UINT32_MAX);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > fuzz::kMaxText) {
    return 0;
  }
  auto [which, text] = fuzz::choice(data, size);
  std::string error;
  bool fault = which & 1;
  switch ((which >> 1) % 3) {
    case 0:
      if (auto r = filter::parse_inject(text, fault, error)) {
        check(r->action);
      }
      break;
    case 1:
      if (auto a = filter::parse_inject_actions(text, fault, error)) {
        check(*a);
      }
      break;
    case 2:
      if (auto d = filter::parse_delay(text); d && *d < 0) {
        std::abort();
      }
      break;
  }
  return 0;
}
