package io.cynodeai.serviceweb.http;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/** @param maxRequestBytes the largest request body a service reads; larger ones are 413 before they are read */
@ConfigurationProperties("cynode.http")
public record HttpSettings(@DefaultValue("1MB") DataSize maxRequestBytes) {}
