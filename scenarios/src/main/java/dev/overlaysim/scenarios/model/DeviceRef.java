package dev.overlaysim.scenarios.model;

/**
 * A network device on a host, written {@code host/device}, e.g. {@code node1/flannel.1} or
 * {@code container-1/eth0}.
 *
 * @param host   a node, container or router name
 * @param device a Linux interface name (1..15 characters, no '/' or whitespace)
 */
public record DeviceRef(String host, String device) {

    /**
     * Parses {@code host/device}.
     *
     * @throws IllegalArgumentException with a message saying what was expected
     */
    public static DeviceRef parse(String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash <= 0 || slash != text.lastIndexOf('/') || slash == text.length() - 1) {
            throw new IllegalArgumentException(
                    "expected a device like node1/flannel.1 (host/device), found '" + text + "'");
        }
        String device = text.substring(slash + 1);
        if (device.length() > 15 || !device.matches("[^\\s:]+")) {
            throw new IllegalArgumentException("device name '" + device + "' in '" + text
                    + "' is not a Linux interface name; expected 1 to 15 characters without spaces, '/' or ':'");
        }
        return new DeviceRef(text.substring(0, slash), device);
    }

    @Override
    public String toString() {
        return host + "/" + device;
    }
}
