package io.cynodeai.controlplane;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

@AnalyzeClasses(packages = "io.cynodeai", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    @ArchTest
    static final ArchRule orchestratorNeverImportsWorkerCode = noClasses()
            .that()
            .resideInAPackage("io.cynodeai.controlplane..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.cynodeai.workerapi..", "io.cynodeai.nodemanager..", "io.cynodeai.gateway..");

    @ArchTest
    static final ArchRule noLayerPackages = noClasses()
            .should()
            .resideInAnyPackage("..controller..", "..service..", "..dto..", "..util..", "..common..");

    @ArchTest
    static final ArchRule dispatchGoesThroughTheLifecycle = noClasses()
            .that()
            .resideInAPackage("io.cynodeai.controlplane.dispatch..")
            .should()
            .dependOnClassesThat()
            .belongToAnyOf(JdbcClient.class, JdbcTemplate.class, NamedParameterJdbcTemplate.class)
            .because("the task and job tables belong to orchestrator-jobs (JobLifecycle)");

    @ArchTest
    static final ArchRule dispatchIsReachedOnlyThroughItsOwnPackage = noClasses()
            .that()
            .resideOutsideOfPackage("io.cynodeai.controlplane.dispatch..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.cynodeai.controlplane.dispatch..");
}
