package io.cynodeai.contracts;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "io.cynodeai.contracts", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    @ArchTest
    static final ArchRule contractsDependOnNothingOfOurs = noClasses()
            .that()
            .resideInAPackage("io.cynodeai.contracts..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.cynodeai.controlplane..",
                    "io.cynodeai.gateway..",
                    "io.cynodeai.workerapi..",
                    "io.cynodeai.nodemanager..",
                    "io.cynodeai.testsupport..");

    @ArchTest
    static final ArchRule contractsHoldNoSpringBeans =
            noClasses().should().dependOnClassesThat().resideInAPackage("org.springframework..");
}
