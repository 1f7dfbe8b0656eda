package io.cynodeai.features;

import static io.cucumber.junit.platform.engine.Constants.GLUE_PROPERTY_NAME;
import static io.cucumber.junit.platform.engine.Constants.PLUGIN_PROPERTY_NAME;

import org.junit.platform.suite.api.ConfigurationParameter;
import org.junit.platform.suite.api.IncludeEngines;
import org.junit.platform.suite.api.SelectDirectories;
import org.junit.platform.suite.api.Suite;

/** Runs every {@code .feature} file under {@code features/} against the real stack. */
@Suite
@IncludeEngines("cucumber")
@SelectDirectories("scenarios")
@ConfigurationParameter(key = GLUE_PROPERTY_NAME, value = "io.cynodeai.features")
@ConfigurationParameter(key = PLUGIN_PROPERTY_NAME, value = "pretty, summary, json:target/cucumber.json")
public class RunFeaturesIT {}
