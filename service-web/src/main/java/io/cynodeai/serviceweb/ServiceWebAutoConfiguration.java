package io.cynodeai.serviceweb;

import io.cynodeai.contracts.json.Json;
import io.cynodeai.serviceweb.health.HealthController;
import io.cynodeai.serviceweb.health.ReadinessCheck;
import io.cynodeai.serviceweb.http.BodyLimitFilter;
import io.cynodeai.serviceweb.http.HttpSettings;
import io.cynodeai.serviceweb.http.RequestBodyLimit;
import io.cynodeai.serviceweb.http.RequestIdFilter;
import io.cynodeai.serviceweb.problem.OpenAiErrorAdvice;
import io.cynodeai.serviceweb.problem.ProblemAdvice;
import io.cynodeai.serviceweb.problem.ProblemErrorController;
import io.cynodeai.serviceweb.problem.ProblemErrorReportValve;
import io.cynodeai.serviceweb.problem.ProblemResponses;
import io.cynodeai.serviceweb.problem.ValidatingBodyAdvice;
import java.util.List;
import org.apache.catalina.core.StandardHost;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Wires the shared HTTP conventions into every service that has this library. */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration")
@EnableConfigurationProperties(HttpSettings.class)
public class ServiceWebAutoConfiguration {

    /** The wire JSON rules, applied to Spring's own mapper (one customization, here). */
    /** Tomcat's own refusals (before any servlet) answer problem details too. */
    @Bean
    TomcatContextCustomizer problemErrorReports() {
        return context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            }
        };
    }

    @Bean
    JsonMapperBuilderCustomizer wireJson() {
        return Json::configure;
    }

    @Bean
    @ConditionalOnMissingBean
    RequestBodyLimit requestBodyLimit(HttpSettings settings) {
        return settings.maxRequestBytes()::toBytes;
    }

    @Bean
    @ConditionalOnWebApplication
    FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
        var bean = new FilterRegistrationBean<>(new RequestIdFilter());
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return bean;
    }

    @Bean
    @ConditionalOnWebApplication
    FilterRegistrationBean<BodyLimitFilter> bodyLimitFilter(RequestBodyLimit limit) {
        var bean = new FilterRegistrationBean<>(new BodyLimitFilter(limit));
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return bean;
    }

    @Bean
    @ConditionalOnWebApplication
    ProblemAdvice problemAdvice() {
        return new ProblemAdvice();
    }

    @Bean
    @ConditionalOnWebApplication
    OpenAiErrorAdvice openAiErrorAdvice() {
        return new OpenAiErrorAdvice();
    }

    @Bean
    @ConditionalOnWebApplication
    ValidatingBodyAdvice validatingBodyAdvice() {
        return new ValidatingBodyAdvice();
    }

    @Bean
    @ConditionalOnWebApplication
    HealthController healthController(List<ReadinessCheck> checks) {
        return new HealthController(checks);
    }

    /** Every operation of a service's OpenAPI states its problem-details answers (where it has one). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springdoc.core.customizers.OperationCustomizer")
    static class OpenApiProblems {
        @Bean
        ProblemResponses problemResponses() {
            return new ProblemResponses();
        }
    }

    @Bean
    @ConditionalOnWebApplication
    ProblemErrorController problemErrorController() {
        return new ProblemErrorController();
    }
}
