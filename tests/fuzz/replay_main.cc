// The replay driver: in a build without libFuzzer (gcc, the sanitizer build), each fuzz target
// links against this main instead, which runs the target once on every file it is given or
// finds in the directories it is given: the corpus and the saved crash inputs. So every build
// checks that no input that ever crashed cxtrace crashes it again.
#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int* argc, char*** argv);

namespace {

// The regular files named, directories expanded (sorted, so runs are reproducible).
bool collect(const std::string& path, std::vector<std::string>& files) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) {
    std::fprintf(stderr, "replay: %s: cannot read\n", path.c_str());
    return false;
  }
  if (!S_ISDIR(st.st_mode)) {
    files.push_back(path);
    return true;
  }
  DIR* d = opendir(path.c_str());
  if (d == nullptr) {
    std::fprintf(stderr, "replay: %s: cannot open\n", path.c_str());
    return false;
  }
  std::vector<std::string> found;
  while (dirent* e = readdir(d)) {
    std::string name = e->d_name;
    if (name != "." && name != ".." && name != "README" && name[0] != '.') {
      found.push_back(path + "/" + name);
    }
  }
  closedir(d);
  std::sort(found.begin(), found.end());
  for (const std::string& f : found) {
    if (!collect(f, files)) {
      return false;
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (LLVMFuzzerInitialize != nullptr) {
    LLVMFuzzerInitialize(&argc, &argv);
  }
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    if (!collect(argv[i], files)) {
      return 1;
    }
  }
  for (const std::string& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // A crash or a sanitizer report ends the program here; this line names the input.
    std::fprintf(stderr, "replay: %s\n", f.c_str());
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  }
  std::printf("replay: %zu inputs ran without a crash\n", files.size());
  return 0;
}
