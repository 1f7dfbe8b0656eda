package io.cynodeai.workerapi;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "io.cynodeai", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    @ArchTest
    static final ArchRule workerNeverImportsOrchestratorCode = noClasses()
            .that()
            .resideInAPackage("io.cynodeai.workerapi..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.cynodeai.controlplane..", "io.cynodeai.gateway..", "io.cynodeai.nodemanager..");

    @ArchTest
    static final ArchRule onlySandboxTalksToTheEngine = noClasses()
            .that()
            .resideOutsideOfPackages("io.cynodeai.workerapi.sandbox..", "io.cynodeai.engine..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("com.github.dockerjava..");
}
