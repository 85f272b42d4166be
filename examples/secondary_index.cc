// A users-by-email index kept consistent with the primary records: every
// change to a user and to its index entry commits atomically, and checks make
// concurrent writers unable to claim the same email twice.
#include <openkv/openkv.h>

#include <cstdio>
#include <cstdlib>
#include <string>

using openkv::Database;
using openkv::Value;

#define REQUIRE(cond)                            \
  if (!(cond)) {                                 \
    std::fprintf(stderr, "failed: %s\n", #cond); \
    return EXIT_FAILURE;                         \
  }

// Creates a user unless the id or the email is taken.
bool create_user(Database& db, const std::string& id, const std::string& email) {
  return db.atomic()
      .check({"users", id}, std::nullopt)
      .check({"users_by_email", email}, std::nullopt)
      .set({"users", id}, Value::make_object({{"id", id}, {"email", email}}))
      .set({"users_by_email", email}, id)
      .commit()
      .ok;
}

// Moves a user to a new email, retrying if the user changed meanwhile.
bool change_email(Database& db, const std::string& id, const std::string& new_email) {
  for (;;) {
    openkv::EntryMaybe user = db.get({"users", id});
    if (!user.exists()) return false;
    std::string old_email = (*user.value)["email"].as_string();
    openkv::CommitResult r =
        db.atomic()
            .check(user)
            .check({"users_by_email", new_email}, std::nullopt)
            .remove({"users_by_email", old_email})
            .set({"users_by_email", new_email}, id)
            .set({"users", id}, Value::make_object({{"id", id}, {"email", new_email}}))
            .commit();
    if (r.ok) return true;
    // Either the user changed (retry) or the new email is taken (give up).
    if (db.get({"users_by_email", new_email}).exists()) return false;
  }
}

int main() {
  auto db = Database::open(":memory:");
  REQUIRE(create_user(*db, "u1", "ada@example.com"));
  REQUIRE(!create_user(*db, "u2", "ada@example.com"));  // email taken
  REQUIRE(create_user(*db, "u2", "grace@example.com"));

  REQUIRE(change_email(*db, "u1", "ada@lovelace.org"));
  REQUIRE(!change_email(*db, "u2", "ada@lovelace.org"));  // taken by u1 now

  REQUIRE(!db->get({"users_by_email", "ada@example.com"}).exists());
  REQUIRE(db->get({"users_by_email", "ada@lovelace.org"}).value->as_string() == "u1");
  std::printf("secondary index ok\n");
  return EXIT_SUCCESS;
}
