#include "stats/summary_options.h"

#include <array>
#include <utility>

#include <fmt/core.h>

namespace cxtrace::stats {

namespace {

// strace 6.1's spellings of each column, the first one canonical. The same names serve -S.
struct Alias {
  std::string_view name;
  Column column;
};

constexpr std::array kAliases{
    Alias{"time-percent", Column::time_percent}, Alias{"time_percent", Column::time_percent},
    Alias{"time", Column::time_percent},         Alias{"total-time", Column::total_time},
    Alias{"total_time", Column::total_time},     Alias{"time-total", Column::total_time},
    Alias{"time_total", Column::total_time},     Alias{"min-time", Column::min_time},
    Alias{"min_time", Column::min_time},         Alias{"shortest", Column::min_time},
    Alias{"time-min", Column::min_time},         Alias{"time_min", Column::min_time},
    Alias{"max-time", Column::max_time},         Alias{"max_time", Column::max_time},
    Alias{"longest", Column::max_time},          Alias{"time-max", Column::max_time},
    Alias{"time_max", Column::max_time},         Alias{"avg-time", Column::avg_time},
    Alias{"avg_time", Column::avg_time},         Alias{"time-avg", Column::avg_time},
    Alias{"time_avg", Column::avg_time},         Alias{"calls", Column::calls},
    Alias{"count", Column::calls},               Alias{"errors", Column::errors},
    Alias{"error", Column::errors},              Alias{"name", Column::name},
    Alias{"syscall", Column::name},              Alias{"syscall-name", Column::name},
    Alias{"syscall_name", Column::name},
};

std::optional<Column> column_by_name(std::string_view name) {
  for (const Alias& a : kAliases) {
    if (a.name == name) {
      return a.column;
    }
  }
  return std::nullopt;
}

}  // namespace

std::string column_names() {
  return "time-percent, total-time, min-time, max-time, avg-time, calls, errors, name";
}

std::string sort_key_names() { return column_names() + ", nothing"; }

std::optional<SortKey> parse_sort_key(std::string_view name, std::string& error) {
  if (name == "nothing" || name == "none") {
    return SortKey::none;
  }
  std::optional<Column> c = column_by_name(name);
  if (!c) {
    error = fmt::format("-S: invalid sort key '{}' (expected {})", name, sort_key_names());
    return std::nullopt;
  }
  switch (*c) {
    case Column::time_percent:
    case Column::total_time:
      return SortKey::time;
    case Column::min_time:
      return SortKey::min_time;
    case Column::max_time:
      return SortKey::max_time;
    case Column::avg_time:
      return SortKey::avg_time;
    case Column::calls:
      return SortKey::calls;
    case Column::errors:
      return SortKey::errors;
    case Column::name:
      return SortKey::name;
    default:
      break;
  }
  error = fmt::format("-S: invalid sort key '{}'", name);
  return std::nullopt;
}

std::optional<std::vector<Column>> parse_columns(std::string_view list, std::string& error) {
  std::vector<Column> out;
  size_t i = 0;
  while (true) {
    size_t j = list.find(',', i);
    std::string_view tok = list.substr(i, j == std::string_view::npos ? list.size() - i : j - i);
    std::optional<Column> c = column_by_name(tok);
    if (!c) {
      error = fmt::format("-U: unknown column name '{}' (expected {})", tok, column_names());
      return std::nullopt;
    }
    for (Column have : out) {
      if (have == *c) {
        error = fmt::format("-U: column '{}' given more than once", tok);
        return std::nullopt;
      }
    }
    out.push_back(*c);
    if (j == std::string_view::npos) {
      break;
    }
    i = j + 1;
  }
  bool has_name = false;
  for (Column c : out) {
    has_name = has_name || c == Column::name;
  }
  if (!has_name) {
    out.push_back(Column::name);
  }
  return out;
}

}  // namespace cxtrace::stats
