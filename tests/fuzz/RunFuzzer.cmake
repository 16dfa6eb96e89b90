# Runs one fuzz target for SECONDS on a scratch copy of its seed corpus, so new inputs libFuzzer
# finds never land in the repository; fails on any crash, leak or sanitizer report. A fixed seed:
# CI explores the same way on every commit, so a failure belongs to the change that caused it;
# long runs (docs/RELIABILITY.md) explore freely.
string(RANDOM LENGTH 8 suffix)
get_filename_component(name "${FUZZER}" NAME)
set(scratch "${CMAKE_CURRENT_BINARY_DIR}/fuzz-corpus-${name}-${suffix}")
file(MAKE_DIRECTORY "${scratch}")
execute_process(COMMAND "${FUZZER}" -seed=20261130 -max_total_time=${SECONDS} -print_final_stats=1 -timeout=10 -rss_limit_mb=2048
                        "${scratch}" "${CORPUS}"
                RESULT_VARIABLE result)
file(REMOVE_RECURSE "${scratch}")
if(NOT result EQUAL 0)
    message(FATAL_ERROR "${name} found a problem (exit ${result}); the input is in the test's output above")
endif()
