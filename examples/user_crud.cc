// Create, read, update and delete user records.
#include <openkv/openkv.h>

#include <cstdio>
#include <cstdlib>

using openkv::Value;

#define REQUIRE(cond)                            \
  if (!(cond)) {                                 \
    std::fprintf(stderr, "failed: %s\n", #cond); \
    return EXIT_FAILURE;                         \
  }

int main() {
  auto db = openkv::Database::open(":memory:");

  // Create.
  Value alice =
      Value::make_object({{"name", "Alice"}, {"email", "alice@example.com"}, {"age", 31}});
  db->set({"users", "alice"}, alice);

  // Read.
  openkv::EntryMaybe entry = db->get({"users", "alice"});
  REQUIRE(entry.exists());
  std::printf("read users/alice at versionstamp %s\n", entry.versionstamp->to_hex().c_str());

  // Update only if nobody changed it since we read it.
  Value older =
      Value::make_object({{"name", "Alice"}, {"email", "alice@example.com"}, {"age", 32}});
  openkv::CommitResult r = db->atomic().check(entry).set({"users", "alice"}, older).commit();
  REQUIRE(r.ok);
  REQUIRE(db->get({"users", "alice"}).value == older);

  // A second update based on the stale read is refused.
  REQUIRE(!db->atomic().check(entry).set({"users", "alice"}, alice).commit().ok);

  // Delete.
  db->remove({"users", "alice"});
  REQUIRE(!db->get({"users", "alice"}).exists());
  std::printf("user CRUD ok\n");
  return EXIT_SUCCESS;
}
