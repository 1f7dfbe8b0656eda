package io.cynodeai.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

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
    static final ArchRule gatewayNeverImportsWorkerApiContracts = noClasses()
            .that()
            .resideInAPackage("io.cynodeai.gateway..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.cynodeai.contracts.worker..")
            .because("only the control plane turns a job into a Worker API request");

    @ArchTest
    static final ArchRule tasksGoThroughTheLifecycle = noClasses()
            .that()
            .resideInAPackage("io.cynodeai.gateway.task..")
            .should()
            .dependOnClassesThat()
            .belongToAnyOf(JdbcClient.class, JdbcTemplate.class, NamedParameterJdbcTemplate.class)
            .because("the task and job tables belong to orchestrator-jobs (JobLifecycle, TaskReads)");

    @ArchTest
    static final ArchRule authDoesNotDependOnAccountsOrTasks = noClasses()
            .that()
            .resideInAPackage("io.cynodeai.gateway.auth..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.cynodeai.gateway.users..", "io.cynodeai.gateway.task..");
}
