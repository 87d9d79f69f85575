// The Catch2 main for all unit tests, reporting TAP so `meson test` sees each case.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
#include <catch2/catch_reporter_tap.hpp>
