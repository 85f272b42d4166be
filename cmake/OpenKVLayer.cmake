# How the layering of docs/ARCHITECTURE.md is enforced by the build.
#
# No target has src/ on its include path. Instead each layer library
# publishes the headers of its own folders through a directory of symbolic
# links in the build tree (build/layers/<target>/<folder>/<file>.h), so
# `#include "storage/sqlite/sqlite_backend.h"` compiles only in a target that
# links openkv_storage_sqlite (directly, or through a PUBLIC link of a layer
# whose own headers need it). Links between layers are PRIVATE unless the
# upper layer's headers include the lower layer's, so reaching around a layer
# fails to compile rather than slipping in unnoticed.
# tests/layering checks the include edges against the table in
# docs/ARCHITECTURE.md and builds a deliberate violation that must fail.

# openkv_layer_headers(<target> <folder>...): publishes src/<folder>/*.h (that
# folder only, not its subfolders) to <target> and everything that links it
# PUBLIC-ly, as "<folder>/<file>.h".
function(openkv_layer_headers target)
  set(root ${PROJECT_BINARY_DIR}/layers/${target})
  foreach(folder ${ARGN})
    file(GLOB headers CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/src/${folder}/*.h)
    file(MAKE_DIRECTORY ${root}/${folder})
    # Drop links to headers that were removed since the last configure.
    file(GLOB stale ${root}/${folder}/*.h)
    foreach(link ${stale})
      if(NOT EXISTS ${link})
        file(REMOVE ${link})
      endif()
    endforeach()
    foreach(header ${headers})
      get_filename_component(name ${header} NAME)
      file(CREATE_LINK ${header} ${root}/${folder}/${name} SYMBOLIC)
    endforeach()
  endforeach()
  target_include_directories(${target} PUBLIC $<BUILD_INTERFACE:${root}>)
endfunction()
