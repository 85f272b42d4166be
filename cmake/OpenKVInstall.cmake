# `cmake --install` and the .deb (CPack), described in README.md "Install":
#  - include/openkv (the public API; src/ headers are internal and stay out);
#  - the layer libraries as static archives, exported as a CMake package
#    (find_package(OpenKV), OpenKVConfig.cmake.in) and as openkv.pc, with
#    openkv_remote.pc and openkv_postgres.pc for the two backends;
#  - libopenkv_c.so.0, the C API, with its SONAME and openkv_c.pc;
#  - the `openkv` CLI.
# The core package (OpenKV::openkv) links SQLite and fmt only. The remote and
# PostgreSQL backends are components with their own export sets, so a
# consumer that does not ask for them needs none of their dependencies.
# tests/package builds out-of-tree consumers against the result.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(OPENKV_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/OpenKV)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/openkv DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

# Exported names: OpenKV::openkv, OpenKV::remote, OpenKV::postgres,
# OpenKV::openkv_c; the layers under them keep their own names.
set_target_properties(openkv_storage_remote PROPERTIES EXPORT_NAME remote)
set_target_properties(openkv_storage_postgres PROPERTIES EXPORT_NAME postgres)

function(openkv_install_export set)
  install(TARGETS ${ARGN}
          EXPORT ${set}
          ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
          LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
          INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  install(EXPORT ${set} NAMESPACE OpenKV:: DESTINATION ${OPENKV_CMAKE_DIR})
endfunction()
openkv_install_export(OpenKVTargets
  openkv openkv_storage_sqlite openkv_storage openkv_core openkv_codec openkv_c)
openkv_install_export(OpenKVRemoteTargets
  openkv_storage_remote openkv_protocol openkv_server_proto)
openkv_install_export(OpenKVPostgresTargets openkv_storage_postgres)
install(TARGETS openkv_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# Install-with-strip (cpack, `cmake --install --strip`) strips executables
# and shared libraries only; without this the archives would carry their
# debug info (about 90 MB) into the package.
install(CODE "
  if(CMAKE_INSTALL_DO_STRIP)
    file(GLOB archives \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR}/libopenkv*.a\")
    execute_process(COMMAND ${CMAKE_STRIP} --strip-debug \${archives} COMMAND_ERROR_IS_FATAL ANY)
  endif()")

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/OpenKVConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/OpenKVConfig.cmake
                              INSTALL_DESTINATION ${OPENKV_CMAKE_DIR})
# 0.x: every minor version may change the C++ API.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/OpenKVConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/OpenKVConfig.cmake
              ${PROJECT_BINARY_DIR}/OpenKVConfigVersion.cmake
        DESTINATION ${OPENKV_CMAKE_DIR})
# The .pc files find the prefix from where they are installed, so the same
# files serve `cmake --install --prefix …` and the .deb.
file(RELATIVE_PATH OPENKV_PC_TO_PREFIX /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
foreach(pc openkv openkv_c openkv_remote openkv_postgres)
  configure_file(${PROJECT_SOURCE_DIR}/cmake/${pc}.pc.in ${PROJECT_BINARY_DIR}/${pc}.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/${pc}.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endforeach()

# One package, openkv: the CLI, libopenkv_c.so.0 and the development files.
# Its Depends are the Debian packages of the shared libraries the binaries
# link (found by dpkg-shlibdeps); building against the static C++ archives
# also needs the -dev packages of SQLite and fmt, which it recommends.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME openkv)
set(CPACK_PACKAGE_VENDOR "OpenKV authors")
set(CPACK_PACKAGE_CONTACT "OpenKV authors <openkv@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Deno KV-compatible database: CLI, KV Connect server and embeddable library")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION database)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libsqlite3-dev, libfmt-dev, nlohmann-json3-dev")
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
include(CPack)
