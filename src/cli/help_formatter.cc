#include "cli/help_formatter.h"

namespace cxtrace::cli {

std::vector<std::string> wrap_words(std::string_view text, size_t width) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = std::min(text.find('\n', start), text.size());
    std::string_view para = text.substr(start, end - start);
    std::string line;
    size_t i = 0;
    while (i < para.size()) {
      size_t j = std::min(para.find(' ', i), para.size());
      std::string_view word = para.substr(i, j - i);
      i = j + 1;
      if (word.empty()) {
        continue;
      }
      if (!line.empty() && line.size() + 1 + word.size() > width) {
        lines.push_back(std::move(line));
        line.clear();
      }
      if (!line.empty()) {
        line += ' ';
      }
      line += word;
    }
    lines.push_back(std::move(line));
    start = end + 1;
  }
  return lines;
}

HelpFormatter::HelpFormatter(size_t column, size_t width) : width_(width) {
  column_width(column);
}

std::string HelpFormatter::make_usage(const CLI::App* /*app*/, std::string name) const {
  // Both ways to run cxtrace; CLI11 would only know "[OPTIONS]" (the program is not one of its
  // positionals: prefix_command() leaves it in remaining()).
  return "Usage: " + name + " [OPTIONS] PROG [ARGS...]\n       " + name +
         " [OPTIONS] -p PID...\n       " + name +
         " --syscalls [PATTERN] [--names] [--classes]\n\n";
}

std::string HelpFormatter::make_group(std::string group, bool is_positional,
                                      std::vector<const CLI::Option*> opts) const {
  std::string out = group + ":\n";
  for (const CLI::Option* opt : opts) {
    out += make_option(opt, is_positional);
  }
  return out;
}

std::string HelpFormatter::make_option(const CLI::Option* opt, bool is_positional) const {
  std::string left = "  " + make_option_name(opt, is_positional) + make_option_opts(opt);
  std::string out;
  std::string indent(column_width_, ' ');
  std::vector<std::string> lines = wrap_words(opt->get_description(), width_ - column_width_);
  if (left.size() + 1 > column_width_) {
    out += left + '\n';
  } else {
    out += left + std::string(column_width_ - left.size(), ' ') + lines.front() + '\n';
    lines.erase(lines.begin());
  }
  for (const std::string& l : lines) {
    out += indent + l + '\n';
  }
  return out;
}

std::string HelpFormatter::make_option_name(const CLI::Option* opt, bool is_positional) const {
  // A flag with a value of its own (--daemonize{grandchild}) shows its names without the
  // value; its option_text says how to give one.
  std::string name = CLI::Formatter::make_option_name(opt, is_positional);
  std::string out;
  bool in_braces = false;
  for (char c : name) {
    if (c == '{') {
      in_braces = true;
    } else if (c == '}') {
      in_braces = false;
    } else if (!in_braces) {
      out += c;
    }
  }
  return out;
}

std::string HelpFormatter::make_option_opts(const CLI::Option* opt) const {
  if (!opt->get_option_text().empty()) {
    return opt->get_option_text();
  }
  if (opt->get_type_size() == 0) {
    return {};
  }
  // The type name without what a validator appends (":INT in [0 - 65536]").
  std::string type = opt->get_type_name();
  type = type.substr(0, type.find(':'));
  std::string out = type.empty() ? std::string() : " " + type;
  if (opt->get_expected_max() == CLI::detail::expected_max_vector_size) {
    out += " ...";
  }
  return out;
}

}  // namespace cxtrace::cli
