// Copyright (c) OpenKV authors.
//
// The admin JSON API of a data directory, under /admin/v1/ (documented in
// docs/OPERATIONS.md, "Admin API"): list, create and drop databases; list,
// create and revoke tokens. Every request needs an admin token
// (`Authorization: Bearer …`). Replies are JSON; errors are
// {"error": "<text>"} with a 4xx status. A change is written to the catalog
// and applied to the running server before the reply, so the reply
// describes what is served. The secret of a new token appears only in the
// reply that creates it.
//
// Paths below a database (/admin/v1/databases/<name>/entries, …) are the
// data API (data_api.h), behind the same token. /console serves the web
// console's embedded files (console_assets.h) without a token: the page
// asks for one and sends it with every API call.
//
// Thread-safety: handle() runs concurrently on the transport threads.
#ifndef OPENKV_SERVER_ADMIN_ADMIN_API_H_
#define OPENKV_SERVER_ADMIN_ADMIN_API_H_

#include <memory>

#include "server/admin/data_api.h"
#include "server/data_dir/directory.h"
#include "server/transport/http.h"

namespace openkv::server::admin {

class AdminApi {
 public:
  // `directory` must outlive the API.
  explicit AdminApi(data_dir::Directory& directory) : directory_(directory), data_(directory) {}

  // A request whose path starts with /admin/ or is /console or below it.
  void handle(transport::Request request, std::shared_ptr<transport::Exchange> exchange);

 private:
  transport::Response dispatch(const transport::Request& request);

  data_dir::Directory& directory_;
  DataApi data_;
};

}  // namespace openkv::server::admin

#endif  // OPENKV_SERVER_ADMIN_ADMIN_API_H_
