// The program's environment under -E, and -u's user lookup (src/trace/launch).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "trace/launch.h"

using cxtrace::trace::edit_environment;
using cxtrace::trace::find_user;

TEST_CASE("-E sets, replaces in place, removes, in order", "[launch]") {
  std::vector<std::string> base = {"A=1", "B=2", "C=3"};
  CHECK(edit_environment(base, {}) == base);
  CHECK(edit_environment(base, {"B=x"}) == std::vector<std::string>{"A=1", "B=x", "C=3"});
  CHECK(edit_environment(base, {"D=4"}) == std::vector<std::string>{"A=1", "B=2", "C=3", "D=4"});
  CHECK(edit_environment(base, {"B"}) == std::vector<std::string>{"A=1", "C=3"});
  CHECK(edit_environment(base, {"B", "B=5"}) == std::vector<std::string>{"A=1", "C=3", "B=5"});
  CHECK(edit_environment(base, {"B=5", "B"}) == std::vector<std::string>{"A=1", "C=3"});
  CHECK(edit_environment(base, {"A=x=y", "A="}) == std::vector<std::string>{"A=", "B=2", "C=3"});
  // A name is matched whole: AB is not A.
  CHECK(edit_environment({"AB=1", "A=2"}, {"A"}) == std::vector<std::string>{"AB=1"});
  // Every copy of a name goes.
  CHECK(edit_environment({"A=1", "A=2", "B=3"}, {"A"}) == std::vector<std::string>{"B=3"});
}

TEST_CASE("-u UID:GID and user names", "[launch]") {
  std::string error;
  auto c = find_user("1234:5678", error);
  REQUIRE(c);
  CHECK(c->uid == 1234);
  CHECK(c->gid == 5678);
  CHECK(c->groups == std::vector<gid_t>{5678});
  auto root = find_user("root", error);
  REQUIRE(root);
  CHECK(root->uid == 0);
  CHECK(!root->groups.empty());
  for (const char* bad : {"12:", ":12", "a:1", "1:b", "1:2:3", "-1:0"}) {
    error.clear();
    CHECK_FALSE(find_user(bad, error));
    CHECK(error.find("UID:GID") != std::string::npos);
  }
  CHECK_FALSE(find_user("no-such-user-cxtrace", error));
  CHECK(error == "cannot find user 'no-such-user-cxtrace'");
}
