// fmt's out-of-line functions, compiled once into cxtrace instead of loaded from libfmt.so (see
// the top-level meson.build for why). Without FMT_HEADER_ONLY, fmt/format.h declares these
// functions and a few template instantiations extern; including format-inl.h here defines
// them, and the lines below instantiate the templates the headers declare extern.
#include <fmt/format-inl.h>

namespace fmt {
FMT_BEGIN_DETAIL_NAMESPACE
template auto thousands_sep_impl<char>(locale_ref) -> thousands_sep_result<char>;
template auto decimal_point_impl<char>(locale_ref) -> char;
FMT_END_DETAIL_NAMESPACE
}  // namespace fmt
