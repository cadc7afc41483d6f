package io.bimtsweep.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The layering, checked on the compiled classes of every module (bytecode, so a fully qualified
 * name cannot hide a dependency): no package cycle anywhere, dependencies point downhill to the
 * core, and only this module knows picocli.
 */
class ArchitectureTest {
  static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      // the spark-jobs and analysis test helpers come in as *-tests.jar
      .withImportOption(location -> !location.contains("-tests.jar"))
      .importPackages("io.bimtsweep");

  @Test
  void everyModuleIsImported() {
    for (String p : new String[] {"io.bimtsweep.core.config", "io.bimtsweep.spark", "io.bimtsweep.analysis",
        "io.bimtsweep.cli"}) {
      org.junit.jupiter.api.Assertions.assertTrue(CLASSES.containPackage(p), p + " was not imported: the rules below "
          + "would pass vacuously");
    }
  }

  @Test
  void noPackageCycles() {
    slices().matching("io.bimtsweep.(**)").should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  void onlyTheCliModuleKnowsPicocli() {
    noClasses().that().resideOutsideOfPackage("io.bimtsweep.cli..")
        .should().dependOnClassesThat().resideInAPackage("picocli..").check(CLASSES);
  }

  @Test
  void theCoreKnowsNeitherSparkNorTheLayersAboveIt() {
    noClasses().that().resideInAPackage("io.bimtsweep.core..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "org.apache.hadoop..",
            "io.bimtsweep.spark..", "io.bimtsweep.analysis..", "io.bimtsweep.cli..")
        .check(CLASSES);
  }

  @Test
  void sparkJobsAndAnalysisDoNotDependOnEachOtherOrTheCli() {
    noClasses().that().resideInAPackage("io.bimtsweep.spark..")
        .should().dependOnClassesThat().resideInAnyPackage("io.bimtsweep.analysis..", "io.bimtsweep.cli..")
        .check(CLASSES);
    noClasses().that().resideInAPackage("io.bimtsweep.analysis..")
        .should().dependOnClassesThat().resideInAnyPackage("io.bimtsweep.spark..", "io.bimtsweep.cli..")
        .check(CLASSES);
  }
}
