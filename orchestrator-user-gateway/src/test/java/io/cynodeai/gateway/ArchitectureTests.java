package io.cynodeai.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "io.cynodeai.gateway", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    @ArchTest
    static final ArchRule gatewayNeverImportsOtherServices = noClasses()
            .that()
            .resideInAPackage("io.cynodeai.gateway..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.cynodeai.controlplane..", "io.cynodeai.workerapi..", "io.cynodeai.nodemanager..");

    @ArchTest
    static final ArchRule authDoesNotDependOnAccountsOrTasks = noClasses()
            .that()
            .resideInAPackage("io.cynodeai.gateway.auth..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.cynodeai.gateway.users..", "io.cynodeai.gateway.task..");
}
