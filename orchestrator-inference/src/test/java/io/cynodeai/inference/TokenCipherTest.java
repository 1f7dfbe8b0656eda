package io.cynodeai.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TokenCipherTest {
    final TokenCipher cipher = new TokenCipher("a-token-encryption-key-0123456789abcdef");

    @Test
    void aTokenComesBackAndIsNeverStoredInTheClear() {
        byte[] sealed = cipher.encrypt("worker-token-value");
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("worker-token-value");
        assertThat(cipher.decrypt(sealed)).contains("worker-token-value");
        assertThat(new TokenCipher("a-token-encryption-key-0123456789abcdef").decrypt(sealed))
                .as("the same key after a restart")
                .contains("worker-token-value");
    }

    @Test
    void eachEncryptionIsFresh() {
        assertThat(cipher.encrypt("t")).isNotEqualTo(cipher.encrypt("t"));
    }

    @Test
    void anotherKeyOrAnEarlierFormatIsAbsentNotAnError() {
        byte[] sealed = cipher.encrypt("worker-token-value");
        assertThat(new TokenCipher("another-key-0123456789abcdef0123456789").decrypt(sealed))
                .isEmpty();
        assertThat(cipher.decrypt(new byte[] {1, 2, 3})).isEmpty();
    }
}
