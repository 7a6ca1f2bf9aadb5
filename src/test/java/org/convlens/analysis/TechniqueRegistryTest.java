package org.convlens.analysis;

import org.convlens.base.UserInputException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TechniqueRegistryTest {

    private final TechniqueRegistry registry = TechniqueRegistry.standard();

    @Test
    void looseValuesBecomeValidatedRecordsWithDefaults() {
        Record params = registry.parameters("occlusion", Map.of("window", "6", "stride", "3", "score", "probability"));
        assertThat(params).isEqualTo(new Occlusion.Params(6, 3, 0.0, null, "probability", null, 64));
        assertThat(registry.parametersAsMap(params)).containsEntry("window", 6).containsEntry("batch", 64);
        assertThat(registry.parameters("activations", Map.of())).isEqualTo(new FeatureMaps.Params(null));
    }

    @Test
    void theSameErrorsReachEveryCaller() {
        assertThatThrownBy(() -> registry.parameters("occlusion", Map.of("window", "4", "stride", "8")))
                .isInstanceOf(UserInputException.class).hasMessage("stride must not exceed the window");
        assertThatThrownBy(() -> registry.parameters("occlusion", Map.of("windw", "4")))
                .isInstanceOf(UserInputException.class).hasMessageContaining("windw");
        assertThatThrownBy(() -> registry.parameters("occlusion", Map.of("window", "four")))
                .isInstanceOf(UserInputException.class).hasMessageContaining("invalid parameters");
        assertThatThrownBy(() -> registry.get("gradcam++")).isInstanceOf(UserInputException.class).hasMessageContaining("activations, occlusion");
    }
}
