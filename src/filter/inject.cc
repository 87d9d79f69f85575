#include "filter/inject.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include "decode/errnos.h"
#include "decode/signals.h"
#include "table/syscall_table.h"

namespace cxtrace::filter {

namespace {

constexpr const char* kWhenHelp =
    "expected FIRST, FIRST+, FIRST+STEP, FIRST..LAST, FIRST..LAST+ or FIRST..LAST+STEP; FIRST "
    "and STEP from 1 to 65535, LAST from FIRST to 65534";

std::optional<uint32_t> parse_count(std::string_view s, uint32_t max) {
  uint32_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size() || v < 1 || v > max) {
    return std::nullopt;
  }
  return v;
}

bool parse_when(std::string_view w, InjectAction& a) {
  std::string_view step_text;
  bool plus = false;
  if (size_t p = w.find('+'); p != std::string_view::npos) {
    plus = true;
    step_text = w.substr(p + 1);
    w = w.substr(0, p);
  }
  std::string_view first_text = w;
  std::string_view last_text;
  bool range = false;
  if (size_t p = w.find(".."); p != std::string_view::npos) {
    range = true;
    first_text = w.substr(0, p);
    last_text = w.substr(p + 2);
  }
  std::optional<uint32_t> first = parse_count(first_text, 65535);
  if (!first) {
    return false;
  }
  a.first = *first;
  if (range) {
    std::optional<uint32_t> last = parse_count(last_text, 65534);
    if (!last || *last < *first) {
      return false;
    }
    a.last = *last;
  } else {
    a.last = plus ? UINT32_MAX : *first;  // a bare FIRST is that one invocation
  }
  a.step = 1;
  if (plus && !step_text.empty()) {
    std::optional<uint32_t> step = parse_count(step_text, 65535);
    if (!step) {
      return false;
    }
    a.step = *step;
  }
  return true;
}

std::optional<int> parse_errno(std::string_view text) {
  int v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (!text.empty() && ec == std::errc() && p == text.data() + text.size()) {
    return v >= 1 && v <= 4095 ? std::optional<int>(v) : std::nullopt;
  }
  std::string upper(text);
  for (char& c : upper) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return decode::errno_by_name(upper);
}

std::optional<uint64_t> parse_retval(std::string_view text) {
  std::string s(text);
  if (s.empty() || std::isspace(static_cast<unsigned char>(s[0]))) {
    return std::nullopt;
  }
  char* end = nullptr;
  errno = 0;
  if (s[0] == '-') {
    long long v = std::strtoll(s.c_str(), &end, 0);
    if (*end != '\0' || errno != 0) {
      return std::nullopt;
    }
    return static_cast<uint64_t>(v);
  }
  unsigned long long v = std::strtoull(s.c_str(), &end, 0);
  if (*end != '\0' || errno != 0) {
    return std::nullopt;
  }
  return v;
}

// The conditions of a --inject-filter pattern are decided at entry: nothing the call returns
// or writes is known yet.
bool entry_decidable(const Pattern& p, std::string& error) {
  for (const Condition& c : p.conds) {
    if (c.key == Condition::Key::ret || c.key == Condition::Key::err) {
      error = fmt::format("the condition on '{}' is known only after the call, but injection "
                          "decides before it (use argument conditions)",
                          c.key == Condition::Key::ret ? "ret" : "errno");
      return false;
    }
    if (c.kind != Condition::Kind::text_regex) {
      continue;  // a number compares with the register's value, known at entry
    }
    for (uint64_t nr : p.names.numbers()) {
      const table::SyscallDesc* d = table::by_number(nr);
      for (int i = 0; d != nullptr && i < d->nargs; ++i) {
        bool same = c.key == Condition::Key::arg_index ? c.index == i : d->args[i].name == c.name;
        if (same && d->args[i].dir == table::Dir::out) {
          error = fmt::format("{}'s argument '{}' is filled in by the call, but injection "
                              "decides before it", d->name, d->args[i].name);
          return false;
        }
      }
    }
  }
  return true;
}

}  // namespace

std::optional<int64_t> parse_delay(std::string_view text) {
  std::string s(text);
  if (s.empty() || !(std::isdigit(static_cast<unsigned char>(s[0])) || s[0] == '.')) {
    return std::nullopt;
  }
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  std::string_view unit(end);
  double scale = unit.empty() || unit == "us" ? 1e3 : unit == "s" ? 1e9 : unit == "ms" ? 1e6
               : unit == "ns" ? 1.0 : -1.0;
  if (scale < 0 || !std::isfinite(v) || v < 0 || v * scale > 9.2e18) {
    return std::nullopt;
  }
  // v * scale is in [0, 9.2e18]: adding a half and truncating rounds it (and keeps libm out).
  return static_cast<int64_t>(v * scale + 0.5);
}

std::optional<InjectAction> parse_inject_actions(std::string_view actions, bool fault,
                                                 std::string& error) {
  InjectAction a;
  bool have_signal = false;
  bool have_delay = false;
  bool have_syscall = false;
  size_t i = 0;
  while (!actions.empty() && i <= actions.size()) {
    size_t j = actions.find(':', i);
    if (j == std::string_view::npos) {
      j = actions.size();
    }
    std::string_view item = actions.substr(i, j - i);
    i = j + 1;
    size_t eq = item.find('=');
    std::string_view key = item.substr(0, eq);
    std::string_view value = eq == std::string_view::npos ? std::string_view() : item.substr(eq + 1);
    if (item.empty() || eq == std::string_view::npos) {
      error = item.empty() ? std::string("empty item between ':'")
                           : fmt::format("'{}' is not KEY=VALUE", item);
      return std::nullopt;
    }
    bool inject_only = key == "retval" || key == "signal" || key == "delay_enter" ||
                       key == "delay_exit";
    if (fault && inject_only) {
      error = fmt::format("fault takes only error=, syscall= and when= ({}= needs -e inject=)", key);
      return std::nullopt;
    }
    if (key == "error" || key == "retval") {
      if (a.result != InjectAction::Result::none) {
        error = "only one error= or retval= is allowed";
        return std::nullopt;
      }
      if (key == "error") {
        std::optional<int> e = parse_errno(value);
        if (!e) {
          error = fmt::format("invalid error '{}' (expected an errno name such as ENOENT, or a "
                              "number from 1 to 4095)", value);
          return std::nullopt;
        }
        a.result = InjectAction::Result::error;
        a.error = *e;
      } else {
        std::optional<uint64_t> v = parse_retval(value);
        if (!v) {
          error = fmt::format("invalid retval '{}' (expected a number)", value);
          return std::nullopt;
        }
        a.result = InjectAction::Result::retval;
        a.retval = *v;
      }
    } else if (key == "signal") {
      std::optional<int> sig = decode::signal_by_name(value);
      if (have_signal || !sig || *sig < 1 || *sig > 64) {
        error = have_signal ? std::string("only one signal= is allowed")
                            : fmt::format("invalid signal '{}'", value);
        return std::nullopt;
      }
      have_signal = true;
      a.signal = *sig;
    } else if (key == "syscall") {
      const table::SyscallDesc* d = table::by_name(value);
      if (d == nullptr || (d->classes & table::kPure) == 0) {
        error = fmt::format("invalid syscall '{}' to run instead: only a %pure call, one "
                            "without side effects (getpid, getuid, gettid, ...), may", value);
        return std::nullopt;
      }
      have_syscall = true;
      a.syscall = d->nr;
    } else if (key == "delay_enter" || key == "delay_exit") {
      std::optional<int64_t> ns = parse_delay(value);
      if (!ns) {
        error = fmt::format("invalid delay '{}' (microseconds, or a number with a unit: 1.5s, "
                            "10ms, 100us, 500ns)", value);
        return std::nullopt;
      }
      (key == "delay_enter" ? a.delay_enter_ns : a.delay_exit_ns) = *ns;
      have_delay = true;
    } else if (key == "when") {
      if (!parse_when(value, a)) {
        error = fmt::format("invalid when '{}' ({})", value, kWhenHelp);
        return std::nullopt;
      }
    } else if (key == "poke_enter" || key == "poke_exit") {
      error = fmt::format("{}= is not supported by cxtrace", key);
      return std::nullopt;
    } else {
      error = fmt::format("unknown key '{}' (expected error, retval, signal, syscall, "
                          "delay_enter, delay_exit or when)", key);
      return std::nullopt;
    }
  }
  if (fault && a.result == InjectAction::Result::none) {
    a.result = InjectAction::Result::error;
    a.error = ENOSYS;
  }
  if (have_syscall && a.result == InjectAction::Result::none) {
    error = "syscall= needs error= or retval= (the result the program sees)";
    return std::nullopt;
  }
  if (a.result == InjectAction::Result::none && !have_signal && !have_delay) {
    error = "nothing to inject: give error=, retval=, signal=, delay_enter= or delay_exit=";
    return std::nullopt;
  }
  if (a.result == InjectAction::Result::retval) {
    auto v = static_cast<int64_t>(a.retval);
    if (v < 0 && v >= -4095) {
      spdlog::warn("retval={} looks like error {} to the program (-4095..-1 is how the kernel "
                   "returns errors)", v, -v);
    }
  }
  return a;
}

std::optional<InjectRule> parse_inject(std::string_view spec, bool fault, std::string& error) {
  size_t colon = spec.find(':');
  InjectRule rule;
  std::optional<SyscallSet> set = parse_syscall_list(spec.substr(0, colon), error);
  if (!set) {
    return std::nullopt;
  }
  rule.names = std::move(*set);
  std::optional<InjectAction> a = parse_inject_actions(
      colon == std::string_view::npos ? std::string_view() : spec.substr(colon + 1), fault, error);
  if (!a) {
    return std::nullopt;
  }
  rule.action = *a;
  return rule;
}

std::optional<Injector> Injector::build(const cli::Options& opts, std::string& error) {
  Injector inj;
  inj.style_.hex_strings = opts.hex_strings;
  for (const std::string& expr : opts.inject_expr) {
    bool fault = expr.rfind("fault=", 0) == 0;
    std::string_view spec = std::string_view(expr).substr(expr.find('=') + 1);
    std::optional<InjectRule> r = parse_inject(spec, fault, error);
    if (!r) {
      error = fmt::format("-e {}: {}", expr, error);
      return std::nullopt;
    }
    inj.any_.add(r->names);
    inj.rules_.push_back(std::move(*r));
  }
  for (size_t i = 0; i + 1 < opts.inject_filters.size(); i += 2) {
    const std::string& text = opts.inject_filters[i];
    const std::string& actions = opts.inject_filters[i + 1];
    InjectRule r;
    std::optional<Pattern> p = parse_pattern(text, error);
    if (!p || !entry_decidable(*p, error)) {
      error = fmt::format("--inject-filter '{}': {}", text, error);
      return std::nullopt;
    }
    std::optional<InjectAction> a = parse_inject_actions(actions, false, error);
    if (!a) {
      error = fmt::format("--inject-filter '{}' '{}': {}", text, actions, error);
      return std::nullopt;
    }
    r.names = p->names;
    inj.needs_args_ |= !p->conds.empty();
    r.pattern = std::move(*p);
    r.action = *a;
    inj.any_.add(r.names);
    inj.rules_.push_back(std::move(r));
  }
  return inj;
}

const InjectRule* Injector::select(const decode::Record& rec, size_t& index,
                                   std::string& scratch) const {
  for (size_t i = rules_.size(); i-- > 0;) {
    const InjectRule& r = rules_[i];
    if (!r.names.contains(rec.raw.nr)) {
      continue;
    }
    if (r.pattern && !r.pattern->conds.empty() &&
        (rec.desc == nullptr || !conditions_hold(*r.pattern, rec, style_, scratch))) {
      continue;
    }
    index = i;
    return &r;
  }
  return nullptr;
}

}  // namespace cxtrace::filter
