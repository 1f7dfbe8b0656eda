package io.cynodeai.nodemanager;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "io.cynodeai", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    @ArchTest
    static final ArchRule nodeNeverImportsOrchestratorOrWorkerCode = noClasses()
            .that()
            .resideInAPackage("io.cynodeai.nodemanager..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.cynodeai.controlplane..", "io.cynodeai.gateway..", "io.cynodeai.workerapi..");
}
