Feature: Web console
  People who do not live in a terminal use CyNodeAI from a browser (console.md). A real headless
  Chromium (Debian's, driven by playwright-core) opens the console the gateway serves at / and
  does what a person would, each flow ending in what they would see; a screenshot of each page
  is kept under features/target/console-screenshots.

  Background:
    Given the single-node stack is up

  Scenario Outline: In the browser: <flow>
    Then the console flow "<flow>" passes in Chromium

    Examples:
      | flow                                                                                      |
      | sign in                                                                                   |
      | the session is in memory and an HttpOnly cookie, never in web storage, and survives a reload |
      | a commands task: its output arrives before it ends                                       |
      | download an artifact                                                                      |
      | the sign-in page fits 375 px and loads at most 150 KiB of JavaScript, gzipped             |
      | chat with streaming                                                                       |
      | create and revoke an API token                                                            |
      | as admin, drain and resume a node                                                         |
      | a plain user sees no admin pages and gets 403 from the API if forced                      |
      | every page passes the WCAG 2 A and AA rules of axe-core                                   |
      | a session ended elsewhere sends the console back to sign-in, saying so                    |
