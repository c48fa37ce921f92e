package dev.overlaysim.scenarios.i18n;

/**
 * A text in English and Chinese. A teacher's lab may give only one of the two; the other language
 * then falls back to it. Never both empty.
 */
public record Text(String en, String zh) {

    public Text {
        en = en == null ? "" : en;
        zh = zh == null ? "" : zh;
        if (en.isEmpty() && zh.isEmpty()) {
            throw new IllegalArgumentException("a text needs en or zh");
        }
    }

    public static Text of(String en, String zh) {
        return new Text(en, zh);
    }

    /** The text in {@code lang}, or in the other language when this one is missing. */
    public String in(Lang lang) {
        String s = lang == Lang.ZH ? zh : en;
        return s.isEmpty() ? (lang == Lang.ZH ? en : zh) : s;
    }
}
