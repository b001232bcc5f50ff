# Writes OUTPUT: a C++ source defining vextrus::pg::embedded_migrations(), the SQL files of
# migrations/ (NNN_name.sql) in version order, so the binary carries its schema.
file(GLOB sql_files "${MIGRATIONS_DIR}/*.sql")
list(SORT sql_files)
set(body "")
foreach(file ${sql_files})
  get_filename_component(name ${file} NAME_WE)
  string(REGEX MATCH "^[0-9]+" version "${name}")
  # A decimal literal: "008" would be an (invalid) octal one.
  string(REGEX REPLACE "^0+([0-9])" "\\1" version "${version}")
  file(READ ${file} sql)
  string(APPEND body "    {${version}, \"${name}\", R\"vextrus_sql(${sql})vextrus_sql\"},\n")
endforeach()
file(WRITE "${OUTPUT}.tmp"
"// Generated from migrations/*.sql by cmake/EmbedMigrations.cmake; do not edit.\n"
"#include \"adapters/postgres/migrations.hpp\"\n\n"
"namespace vextrus::pg {\n\n"
"const std::vector<Migration>& embedded_migrations() {\n"
"  static const std::vector<Migration> all{\n${body}  };\n"
"  return all;\n}\n\n}  // namespace vextrus::pg\n")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUTPUT}.tmp" "${OUTPUT}")
