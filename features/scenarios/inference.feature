Feature: Inference: prompt tasks and an OpenAI-compatible chat
  The node runs the inference stand-in as its inference container (a test double for Ollama: no
  model can be downloaded on this machine), pulls the model the orchestrator selects for it
  ("standin-echo") through Ollama's API and reports it. The gateway reaches that model only through
  the node's Worker API, with the node's bearer token; the container publishes no port and sits
  alone on an internal engine network (no route off the host).

  Background:
    Given the single-node stack is up

  Scenario: The node's model is listed, and its container is reachable only from the host
    Then the models include "standin-echo:latest" served by "node:e2e-node"
    And the inference container publishes no port and is alone on an internal network

  Scenario: A prompt task is answered by the model and its text never runs as a command
    When I create a task with the prompt "What is 2+2?"
    Then the task completes with the answer "Stand-in answer: What is 2+2?" as its stdout

  Scenario: A streamed chat arrives chunk by chunk and is kept in my thread
    When I chat "tell me three words" streaming
    Then the answer arrived in more than 3 chunks and reads "Stand-in answer: tell me three words"
    And my latest thread holds "tell me three words" and the answer

  Scenario: An API token is the key a program chats with
    When I create an API token named "feature-token"
    Then a chat with that token as the key is answered "Stand-in answer: hi from a program"

  Scenario: A secret in a message is redacted before the model sees it
    When I chat "my key is sk-proj-abcdefghij0123456789xyz" whole
    Then the answer holds "SECRET_REDACTED" and not the key

  Scenario: A malformed chat is refused in the OpenAI error shape
    When I send the chat body "{\"messages\": []}"
    Then the chat is refused with 400 and the error names the parameter "messages"
