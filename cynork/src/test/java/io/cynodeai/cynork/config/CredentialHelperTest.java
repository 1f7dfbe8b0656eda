package io.cynodeai.cynork.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cynodeai.cynork.CliFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real helper: a shell script that keeps the secret in a file and logs what it was asked. */
class CredentialHelperTest {
    @TempDir
    Path dir;

    Path helper(String body) throws Exception {
        Path script = dir.resolve("helper.sh");
        Files.writeString(script, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    @Test
    void aStoredSecretIsGivenBackAndTravelsOnlyThroughThePipes() throws Exception {
        Path store = dir.resolve("store");
        Path args = dir.resolve("args");
        Path env = dir.resolve("env");
        Path script = helper("echo \"$#\" > " + args + "; env > " + env + "\n"
                + "read -r line\n"
                + "case \"$line\" in\n"
                + "  *'\"get\"'*) if [ -f " + store + " ]; then printf '{\"secret\":\"%s\"}' \"$(cat " + store
                + ")\"; else echo '{}'; fi ;;\n"
                + "  *) echo \"$line\" | sed 's/.*\"secret\":\"\\([^\"]*\\)\".*/\\1/' > " + store + "; echo '{}' ;;\n"
                + "esac\n");
        CredentialHelper h = new CredentialHelper(script.toString());
        assertThat(h.get()).isEmpty();
        h.store("s3cret-value");
        assertThat(h.get()).contains("s3cret-value");
        assertThat(Files.readString(args).strip()).as("no arguments").isEqualTo("0");
        assertThat(Files.readString(env).lines().map(l -> l.substring(0, l.indexOf('='))))
                .as("a minimal environment: what sh sets, PATH and HOME")
                .isSubsetOf("PATH", "HOME", "PWD", "OLDPWD", "SHLVL", "_");
    }

    @Test
    void anErrorAnswerOrAFailureIsAnAuthFailure() throws Exception {
        CredentialHelper says = new CredentialHelper(
                helper("read -r l; echo '{\"error\":\"locked\"}'\n").toString());
        assertThatThrownBy(says::get).isInstanceOf(CliFailure.class).hasMessageContaining("locked");
        CredentialHelper fails = new CredentialHelper(helper("exit 9\n").toString());
        assertThatThrownBy(fails::get)
                .isInstanceOf(CliFailure.class)
                .satisfies(e -> assertThat(((CliFailure) e).exitCode()).isEqualTo(3));
    }
}
