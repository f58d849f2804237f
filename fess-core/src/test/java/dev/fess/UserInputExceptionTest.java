package dev.fess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The setting an exception names, and the one check per setting builders use. */
class UserInputExceptionTest {

    @Test
    void ofSettingRecordsTheSettingTheMessageStartsWith() {
        UserInputException e = UserInputException.ofSetting("held_out", "held_out: expected 0 or more, got -1");
        assertThat(e.setting()).isEqualTo("held_out");
        assertThat(e).hasMessage("held_out: expected 0 or more, got -1");
        assertThat(new UserInputException("plain").setting()).isNull();
    }

    @Test
    void ofSettingRefusesAMessageThatDoesNotStartWithTheSetting() {
        assertThatThrownBy(() -> UserInputException.ofSetting("cases", "--cases: bad"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void requireSettingThrowsOnlyWhenInvalidAndNamesTheSetting() {
        assertThatCode(() -> UserInputException.requireSetting(true, "cases", "expected 1 … 100000, got 5"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> UserInputException.requireSetting(false, "cases", "expected 1 … 100000, got 0"))
                .isInstanceOf(UserInputException.class)
                .hasMessage("cases: expected 1 … 100000, got 0")
                .extracting(e -> ((UserInputException) e).setting())
                .isEqualTo("cases");
    }

    @Test
    void aRemedyIsASettingNamedAfterTheLeadingOne() {
        UserInputException e = UserInputException.ofSetting(
                "out", "out: runs/overwrite exists and is not empty (overwrite replaces it)", "overwrite");
        assertThat(e.setting()).isEqualTo("out");
        assertThat(e.remedy()).isEqualTo("overwrite");
        assertThat(UserInputException.ofSetting("cases", "cases: expected 1 … 100000, got 0")
                        .remedy())
                .isNull();
        assertThatThrownBy(() -> UserInputException.ofSetting("out", "out: exists and is not empty", "overwrite"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
