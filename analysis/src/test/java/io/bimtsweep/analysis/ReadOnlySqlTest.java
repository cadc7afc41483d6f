package io.bimtsweep.analysis;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReadOnlySqlTest {
  @ParameterizedTest
  @ValueSource(strings = {"SELECT * FROM trials", "  select task, count(*) from trials group by task", "WITH a AS "
      + "(SELECT 1) SELECT * FROM a", "SHOW TABLES", "DESCRIBE trials", "EXPLAIN SELECT 1", "-- a comment\nSELECT 1",
      "SELECT 'insert into x' AS text", "SELECT collect_set(task) FROM trials", "VALUES (1), (2)"})
  void readsAreAllowed(String q) {
    assertDoesNotThrow(() -> ReadOnlySql.check(q));
  }

  @ParameterizedTest
  @ValueSource(strings = {"CREATE TABLE t AS SELECT 1", "INSERT OVERWRITE DIRECTORY '/tmp/x' SELECT 1", "DROP VIEW trials",
      "WITH a AS (SELECT 1) INSERT INTO t SELECT * FROM a", "SELECT reflect('java.lang.System', 'exit', 1)",
      "SELECT java_method('java.lang.Runtime', 'getRuntime')", "SET spark.sql.runSQLOnFiles=true", "ADD JAR /tmp/x.jar",
      "/* hidden */ DELETE FROM trials", "CACHE TABLE trials"})
  void writesAndJavaCallsAreRefused(String q) {
    assertThrows(IllegalArgumentException.class, () -> ReadOnlySql.check(q));
  }
}
