package io.cynodeai.workerapi.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ImageCacheTest {
    final DockerClient docker = mock(DockerClient.class, RETURNS_DEEP_STUBS);
    final WorkspacesTest.HandClock clock = new WorkspacesTest.HandClock();
    final ImageCache cache = new ImageCache(new Engine("unix:///x", docker), clock);

    @Test
    void anImageOnTheNodeIsSeenForThirtySeconds() {
        assertThat(cache.recentlySeen("img")).isFalse();
        assertThat(cache.ensure("img", new BoundedOutput(1024))).isTrue();
        assertThat(cache.recentlySeen("img")).isTrue();
        clock.now = clock.now.plus(ImageCache.SEEN_FOR).plus(Duration.ofSeconds(1));
        assertThat(cache.recentlySeen("img")).isFalse();
    }

    @Test
    void aForgottenImageIsLookedUpAgain() {
        cache.ensure("img", new BoundedOutput(1024));
        cache.forget("img");
        assertThat(cache.recentlySeen("img")).isFalse();
    }

    @Test
    void anImageThatCannotBePulledSaysWhyInTheJobsStderr() {
        when(docker.inspectImageCmd("gone").exec()).thenThrow(new NotFoundException("no such image"));
        when(docker.pullImageCmd("gone")).thenThrow(new IllegalStateException("registry not reachable"));
        BoundedOutput err = new BoundedOutput(1024);
        assertThat(cache.ensure("gone", err)).isFalse();
        assertThat(err.text()).contains("image gone is not on this node").contains("registry not reachable");
        assertThat(cache.recentlySeen("gone")).isFalse();
    }
}
