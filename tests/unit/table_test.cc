// The generated syscall table and its lookups: numbers, names, classes, flag tables.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "table/syscall_table.h"

using namespace cxtrace::table;

namespace {

const Xlat& table_named(std::string_view name) {
  const Xlat* x = xlat_by_name(name);
  REQUIRE(x != nullptr);
  return *x;
}

bool has_entry(const Xlat& x, std::string_view name, uint64_t value) {
  for (const XlatEntry& e : x.entries) {
    if (e.name == name) {
      return e.value == value;
    }
  }
  return false;
}

}  // namespace

TEST_CASE("read is syscall 0 with three arguments in %desc", "[table]") {
  const SyscallDesc* read = by_number(0);
  REQUIRE(read != nullptr);
  CHECK(read->name == "read");
  CHECK(read->nr == 0);
  CHECK(read->nargs == 3);
  CHECK(read->classes == kDesc);
  CHECK(read->ret == RetType::ssize);
  CHECK(read->args[0].name == "fd");
  CHECK(read->args[0].type == ArgType::fd);
  CHECK(read->args[0].ctype == "int");
  CHECK(read->args[1].type == ArgType::bytes);
  CHECK(read->args[1].dir == Dir::out);
  CHECK(read->args[1].len == kLenRet);
  CHECK(read->args[2].type == ArgType::size);
}

TEST_CASE("openat is in %file and %desc with its open flags", "[table]") {
  const SyscallDesc* openat = by_name("openat");
  REQUIRE(openat != nullptr);
  CHECK(openat->nr == SYS_openat);
  CHECK(openat->classes == (kFile | kDesc));
  CHECK(openat->nargs == 4);
  CHECK(openat->args[0].type == ArgType::dirfd);
  CHECK(openat->args[1].type == ArgType::path);
  CHECK(openat->args[2].type == ArgType::open_flags);
  REQUIRE(openat->args[2].xlat != nullptr);
  CHECK(openat->args[2].xlat->name == "open_mode_flags");
  CHECK(openat->special == Special::open);
}

TEST_CASE("a length names the argument that holds it", "[table]") {
  const SyscallDesc* write = by_name("write");
  REQUIRE(write != nullptr);
  CHECK(write->args[1].dir == Dir::in);
  CHECK(write->args[1].len == 2);
  CHECK(write->args[1].ctype == "const void *");
}

TEST_CASE("numbers outside the table or in its holes have no descriptor", "[table]") {
  CHECK(by_number(kMaxSyscallNr + 1) == nullptr);
  CHECK(by_number(100000) == nullptr);
  CHECK(by_number(~uint64_t{0}) == nullptr);
  CHECK(by_number(400) == nullptr);  // 336 … 423 are unused on x86_64
  CHECK(by_name("no_such_syscall") == nullptr);
  CHECK(by_name("") == nullptr);
}

TEST_CASE("by_name finds every named row", "[table]") {
  int named = 0;
  for (const SyscallDesc& d : all_syscalls()) {
    if (d.name.empty()) {
      continue;
    }
    ++named;
    const SyscallDesc* found = by_name(d.name);
    REQUIRE(found != nullptr);
    CHECK(found == &d);
    CHECK(by_number(static_cast<uint64_t>(d.nr)) == &d);
  }
  CHECK(named == kSyscallCount);
  CHECK(named >= 360);
}

TEST_CASE("the table is indexed by number", "[table]") {
  auto all = all_syscalls();
  REQUIRE(all.size() == static_cast<size_t>(kMaxSyscallNr) + 1);
  for (size_t i = 0; i < all.size(); ++i) {
    CHECK(all[i].nr == static_cast<int>(i));
  }
  CHECK(all.back().name == "mseal");
}

TEST_CASE("every row is well formed", "[table]") {
  std::set<std::string> names;
  for (const SyscallDesc& d : all_syscalls()) {
    if (d.name.empty()) {
      continue;
    }
    INFO(d.name);
    CHECK(names.insert(std::string(d.name)).second);
    CHECK(d.nargs <= 6);
    CHECK(!d.ret_ctype.empty());
    for (int i = 0; i < d.nargs; ++i) {
      const ArgDesc& a = d.args[i];
      INFO(i);
      CHECK(!a.name.empty());
      CHECK(!a.ctype.empty());
      CHECK(
          (a.len == kLenNone || a.len == kLenRet || (a.len >= 0 && a.len < d.nargs && a.len != i)));
      if (a.type == ArgType::flags || a.type == ArgType::enum_) {
        CHECK(a.xlat != nullptr);
      }
    }
    for (int i = d.nargs; i < 6; ++i) {
      CHECK(d.args[i].name.empty());
    }
  }
}

TEST_CASE("numbers match the system headers", "[table]") {
  CHECK(by_name("read")->nr == SYS_read);
  CHECK(by_name("execve")->nr == SYS_execve);
  CHECK(by_name("exit_group")->nr == SYS_exit_group);
  CHECK(by_name("clone3")->nr == 435);
  CHECK(by_name("exit_group")->ret == RetType::none);
  CHECK(by_name("getpid")->classes == kPure);
  CHECK(by_name("getuid")->classes == (kCreds | kPure));
  CHECK(by_name("mmap")->ret == RetType::hex);
  CHECK(by_name("ioctl")->special == Special::ioctl);
}

TEST_CASE("flag tables carry the headers' values in strace's order", "[table]") {
  const Xlat& open = table_named("open_mode_flags");
  CHECK(open.is_flags);
  CHECK(has_entry(open, "O_CREAT", O_CREAT));
  CHECK(has_entry(open, "O_CLOEXEC", O_CLOEXEC));
  CHECK(has_entry(open, "O_LARGEFILE", 0100000));  // the kernel's bit, not glibc's 0
  REQUIRE(open.entries.size() >= 2);
  CHECK(open.entries[0].name == "O_CREAT");

  const Xlat& modes = table_named("open_access_modes");
  CHECK(!modes.is_flags);
  CHECK(has_entry(modes, "O_RDONLY", O_RDONLY));
  CHECK(has_entry(modes, "O_RDWR", O_RDWR));

  const Xlat& prot = table_named("mmap_prot");
  CHECK(prot.entries[0].name == "PROT_NONE");
  CHECK(prot.entries[0].value == 0);
  CHECK(has_entry(prot, "PROT_READ", PROT_READ));

  const Xlat& futex = table_named("futexops");
  bool combined = false;
  for (const XlatEntry& e : futex.entries) {
    combined |= e.name == "FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME";
  }
  CHECK(combined);

  CHECK(xlat_by_name("no_such_table") == nullptr);
  CHECK(xlat_by_name("errnos") != nullptr);
  CHECK(xlat_by_name("signals") != nullptr);
}

TEST_CASE("every xlat table is reachable by name", "[table]") {
  for (const Xlat* x : kXlatsByName) {
    REQUIRE(x != nullptr);
    CHECK(xlat_by_name(x->name) == x);
    CHECK(!x->entries.empty());
  }
}

TEST_CASE("class names map to their bits", "[table]") {
  CHECK(class_by_name("network") == std::optional<uint32_t>(kNetwork));
  CHECK(class_by_name("net") == std::optional<uint32_t>(kNetwork));
  CHECK(class_by_name("file") == std::optional<uint32_t>(kFile));
  CHECK(class_by_name("%stat") == std::optional<uint32_t>(kStatLike));
  CHECK(class_by_name("stat") == std::optional<uint32_t>(kStat));
  CHECK(class_by_name("pure") == std::optional<uint32_t>(kPure));
  CHECK(!class_by_name("nosuchclass").has_value());
  CHECK(!class_by_name("").has_value());

  CHECK((by_name("connect")->classes & kNetwork) != 0);
  CHECK((by_name("stat")->classes & (kStat | kStatLike | kFile)) == (kStat | kStatLike | kFile));
  CHECK((by_name("statx")->classes & kStatLike) != 0);
  CHECK(by_name("ustat")->classes == kStatfsLike);
}
