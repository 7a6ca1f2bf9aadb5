package org.convlens.synthesis;

import org.convlens.base.UserInputException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ObjectiveExpressionTest {

    @Test
    void weightedDifferenceOfClasses() {
        Objective objective = ObjectiveExpression.parse("class:3 - 0.5*class:1");
        assertThat(objective.parts()).hasSize(2).allMatch(part -> part.layer() == null);
        INDArray logits = Nd4j.create(new double[][]{{0.1, 2.0, 0.3, 4.0}});
        double value = 0;
        INDArray gradient = Nd4j.zeros(1, 4);
        for (Objective.Part part : objective.parts()) {
            Objective.Evaluation evaluation = part.evaluate(logits);
            value += evaluation.values()[0];
            gradient.addi(evaluation.gradient());
        }
        assertThat(value).isCloseTo(4.0 - 0.5 * 2.0, within(1e-12));
        assertThat(gradient.toDoubleVector()).containsExactly(0, -0.5, 0, 1);
    }

    @Test
    void channelsNeuronsAndSigns() {
        assertThat(ObjectiveExpression.parse("-channel:conv2:4 + 2*neuron:conv1:3:10:12").parts()).extracting(Objective.Part::layer)
                .containsExactly("conv2", "conv1");
        assertThatThrownBy(() -> ObjectiveExpression.parse("class:x")).isInstanceOf(UserInputException.class).hasMessageContaining("class:x");
        assertThatThrownBy(() -> ObjectiveExpression.parse("logit:3")).isInstanceOf(UserInputException.class).hasMessageContaining("unknown objective");
        assertThatThrownBy(() -> ObjectiveExpression.parse("class:1 class:2")).isInstanceOf(UserInputException.class).hasMessageContaining("cannot read");
    }
}
