package dev.overlaysim.scenarios.i18n;

import java.util.Locale;

/** The languages overlaysim speaks to people in (labs, the step-through view): English and Chinese, the seed document's language. */
public enum Lang {
    EN, ZH;

    /** {@code zh} when the default locale's language is Chinese, else {@code en}. */
    public static Lang fromLocale(Locale locale) {
        return "zh".equals(locale.getLanguage()) ? ZH : EN;
    }

    /** Parses {@code en} or {@code zh} (any case). */
    public static Lang parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "en" -> EN;
            case "zh" -> ZH;
            default -> throw new IllegalArgumentException("expected en or zh, found '" + s + "'");
        };
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
