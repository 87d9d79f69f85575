// The layout of `cxtrace --help`: CLI11's groups in the order the options are defined, the
// names in a left column and the descriptions wrapped beside it, so that no line is wider than
// a terminal of `width` columns. A word longer than the right column is the only thing that
// can overflow it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

namespace cxtrace::cli {

// Splits `text` at spaces into lines of at most `width` characters (a longer word keeps a line
// of its own). An explicit newline ends a line.
std::vector<std::string> wrap_words(std::string_view text, size_t width);

class HelpFormatter : public CLI::Formatter {
 public:
  // `column`: where the descriptions start; `width`: the widest line.
  HelpFormatter(size_t column, size_t width);

  std::string make_usage(const CLI::App* app, std::string name) const override;
  std::string make_group(std::string group, bool is_positional,
                         std::vector<const CLI::Option*> opts) const override;
  std::string make_option(const CLI::Option* opt, bool is_positional) const override;
  std::string make_option_name(const CLI::Option* opt, bool is_positional) const override;
  std::string make_option_opts(const CLI::Option* opt) const override;

 private:
  size_t width_;
};

}  // namespace cxtrace::cli
