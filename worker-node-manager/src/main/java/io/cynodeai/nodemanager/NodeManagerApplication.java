package io.cynodeai.nodemanager;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class NodeManagerApplication {

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(NodeManagerApplication.class);
        app.setWebApplicationType(org.springframework.boot.WebApplicationType.NONE);
        app.run(args);
    }
}
