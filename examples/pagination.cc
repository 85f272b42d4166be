// Pages through a list with cursors, as a web API would: each request gets
// a page of entries and the cursor to fetch the next one.
#include <openkv/openkv.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#define REQUIRE(cond)                            \
  if (!(cond)) {                                 \
    std::fprintf(stderr, "failed: %s\n", #cond); \
    return EXIT_FAILURE;                         \
  }

int main() {
  auto db = openkv::Database::open(":memory:");
  for (int i = 0; i < 23; ++i) db->set({"posts", i}, "post " + std::to_string(i));

  std::string cursor;  // "" = first page
  int pages = 0;
  int seen = 0;
  do {
    auto it =
        db->list(openkv::ListSelector::with_prefix({"posts"}), {.limit = 10, .cursor = cursor});
    int on_page = 0;
    while (auto entry = it.next()) {
      REQUIRE(entry->key[1].as_float() == seen);
      ++seen;
      ++on_page;
    }
    cursor = it.cursor();
    std::printf("page %d: %d posts, next cursor \"%s\"\n", ++pages, on_page, cursor.c_str());
    if (on_page < 10) break;  // a short page is the last one
  } while (!cursor.empty());
  REQUIRE(seen == 23);
  REQUIRE(pages == 3);
  return EXIT_SUCCESS;
}
