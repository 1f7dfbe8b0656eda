Feature: Initial authentication
  A fresh install has the user admin; tokens rotate on refresh and end at logout.

  Background:
    Given the single-node stack is up

  Scenario: Admin logs in, refreshes and logs out
    When I log in as admin with the bootstrap password
    Then "/v1/users/me" tells me I am "admin"
    When I refresh my session
    And I log out
    Then my access token no longer works
    And the old refresh token no longer works

  Scenario: Reusing a rotated refresh token ends the session
    When I log in as admin with the bootstrap password
    And I refresh my session
    Then the old refresh token no longer works
    And my access token no longer works

  Scenario: A wrong password is refused
    When I log in as admin with the password "not-the-password"
    Then the login is refused with 401
