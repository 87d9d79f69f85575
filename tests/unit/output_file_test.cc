#include "output/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>

using namespace cxtrace;

namespace {

std::string contents(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string temp_name() {
  char tmpl[] = "/tmp/cxtrace-outfile-XXXXXX";
  int fd = mkstemp(tmpl);
  close(fd);
  return tmpl;
}

}  // namespace

TEST_CASE("a regular file gets whole lines only until it is closed", "[output]") {
  std::string path = temp_name();
  std::string err;
  auto file = output::OutputFile::open(path, false, err);
  REQUIRE(file);
  file->write("read(0, ");
  file->flush();
  CHECK(contents(path).empty());  // a blocked call's first half waits for its line's end
  file->write("\"x\", 1) = 1\nwrite(1, ");
  file->flush();
  CHECK(contents(path) == "read(0, \"x\", 1) = 1\n");
  // A block's worth forces a write: still up to the last whole line.
  std::string line(99, 'a');
  line += '\n';
  for (int i = 0; i < 1000; ++i) {
    file->write(line);
  }
  file->write("tail");
  std::string got = contents(path);
  CHECK(got.size() > 64 * 1024);
  CHECK(got.back() == '\n');
  file->close();
  CHECK(contents(path).substr(contents(path).size() - 5) == "\ntail");
  unlink(path.c_str());
}

TEST_CASE("a pipe or FIFO gets a blocked call's first half at once", "[output]") {
  std::string path = temp_name();
  unlink(path.c_str());
  REQUIRE(mkfifo(path.c_str(), 0600) == 0);
  int reader = open(path.c_str(), O_RDONLY | O_NONBLOCK);
  REQUIRE(reader >= 0);
  std::string err;
  auto file = output::OutputFile::open(path, false, err);
  REQUIRE(file);
  file->write("read(0, ");
  file->flush();
  char buf[64] = {};
  ssize_t n = read(reader, buf, sizeof buf);
  CHECK(std::string(buf, n > 0 ? static_cast<size_t>(n) : 0) == "read(0, ");
  file->close();
  close(reader);
  unlink(path.c_str());
}
