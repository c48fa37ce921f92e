package dev.overlaysim.flannel.subnet;

/**
 * A flannel network config that flanneld would refuse (or that overlaysim refuses on purpose: it
 * parses strictly). {@link #flannelText()} is flannel's own error text where flannel has the check
 * (pkg/subnet/config.go, pkg/backend/manager.go) so it can be searched for in flannel's source and
 * logs; {@link #getMessage()} adds what was found, and {@link #field()} names the JSON field.
 */
public final class FlannelConfigException extends RuntimeException {
    private final String field;
    private final String flannelText;
    private final boolean fromFlannel;

    private FlannelConfigException(String field, String text, String detail, boolean fromFlannel) {
        super(detail == null || detail.isEmpty() ? text : text + " (" + detail + ")");
        this.field = field;
        this.flannelText = text;
        this.fromFlannel = fromFlannel;
    }

    /** An error flannel reports with exactly {@code text}. */
    static FlannelConfigException flannel(String field, String text, String detail) {
        return new FlannelConfigException(field, text, detail, true);
    }

    /** An error flannel would not report (it would accept, or fail differently); overlaysim's wording. */
    static FlannelConfigException strict(String field, String text, String detail) {
        return new FlannelConfigException(field, text, detail, false);
    }

    /** The JSON field at fault, e.g. {@code SubnetMin} or {@code Backend.VNI}; {@code ""} for the document. */
    public String field() { return field; }

    /** The error text without overlaysim's detail: flannel's own words when {@link #fromFlannel()}. */
    public String flannelText() { return flannelText; }

    /** True when flanneld has this very check and text. */
    public boolean fromFlannel() { return fromFlannel; }
}
