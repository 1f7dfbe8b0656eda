package io.cynodeai.workerapi.sandbox;

import com.github.dockerjava.api.DockerClient;

/** The node's container engine: its address (for the attach) and a client of its API. */
record Engine(String host, DockerClient docker) {}
