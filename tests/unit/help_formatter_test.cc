#include <catch2/catch.hpp>

#include <sstream>

#include "cli/help_formatter.h"
#include "table/syscall_table.h"

using namespace cxtrace;

TEST_CASE("wrap_words fills lines up to the width and breaks only at spaces") {
  using V = std::vector<std::string>;
  CHECK(cli::wrap_words("one two three four", 9) == V{"one two", "three", "four"});
  CHECK(cli::wrap_words("one two", 7) == V{"one two"});
  // A word longer than the width keeps a line of its own.
  CHECK(cli::wrap_words("a verylongword b", 5) == V{"a", "verylongword", "b"});
  CHECK(cli::wrap_words("first\nsecond line", 20) == V{"first", "second line"});
  CHECK(cli::wrap_words("", 10) == V{""});
}

TEST_CASE("HelpFormatter: names at the left, descriptions wrapped at the column") {
  CLI::App app{"test app", "prog"};
  app.formatter(std::make_shared<cli::HelpFormatter>(20, 40));
  std::string value;
  bool flag = false;
  std::string spec;
  app.add_option("-o,--output", value, "write the trace to FILE, or pipe it to a command")
      ->type_name("FILE")
      ->group("Output");
  app.add_flag("--a-very-long-flag-name", flag, "short")->group("Output");
  app.add_flag("--daemonize{grandchild},--daemonized{grandchild}", spec, "how to detach")
      ->option_text("[=HOW]")
      ->group("Output");
  std::string help = app.help();
  INFO(help);
  CHECK(help.find("Usage: prog [OPTIONS] PROG [ARGS...]\n") != std::string::npos);
  CHECK(help.find("Output:\n"
                  "  -o,--output FILE  write the trace to\n"
                  "                    FILE, or pipe it to\n"
                  "                    a command\n"
                  "  --a-very-long-flag-name\n"
                  "                    short\n"
                  "  --daemonize,--daemonized[=HOW]\n"
                  "                    how to detach\n") != std::string::npos);
  // The options' lines (not the usage, which is cxtrace's own) fit the width.
  std::istringstream lines(help.substr(help.find("Output:")));
  for (std::string line; std::getline(lines, line);) {
    CHECK(line.size() <= 40);
  }
}

TEST_CASE("class_spellings are the %classes -e trace= accepts") {
  std::vector<std::string_view> classes = table::class_spellings();
  CHECK(classes.front() == "file");
  CHECK(std::find(classes.begin(), classes.end(), "net") != classes.end());
  CHECK(std::find(classes.begin(), classes.end(), "%stat") != classes.end());
  CHECK(std::find(classes.begin(), classes.end(), "stat_like") == classes.end());
  for (std::string_view c : classes) {
    CHECK(table::class_by_name(c).has_value());
  }
}
