package dev.overlaysim.scenarios.load;

import dev.overlaysim.scenarios.model.DeviceRef;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Where each bound record came from: the record (by identity) to the {@link Fields} of its
 * mapping, so the semantic checks can point at the exact value they are about.
 */
final class Sources {

    private final Map<Object, Fields> fields = new IdentityHashMap<>();
    private final Map<Object, Fields> options = new IdentityHashMap<>();
    private final Map<DeviceRef, Location> devices = new IdentityHashMap<>();

    void put(Object record, Fields from) {
        fields.put(record, from);
    }

    /** The nested option mapping of a timeline event such as {@code linkLoss: {node: n, loss: 0.5}}. */
    void putOptions(Object record, Fields from) {
        options.put(record, from);
    }

    void putDevice(DeviceRef device, Location at) {
        devices.put(device, at);
    }

    Fields of(Object record) {
        Fields found = fields.get(record);
        if (found == null) {
            throw new IllegalStateException("no source recorded for " + record);
        }
        return found;
    }

    /** The location of a record's value for {@code key}, or of the record itself when absent. */
    Location at(Object record, String key) {
        return of(record).at(key);
    }

    /** For option events, the options mapping; else the record's own mapping. */
    Fields optionsOf(Object record) {
        Fields found = options.get(record);
        return found != null ? found : of(record);
    }

    Location device(DeviceRef device) {
        Location at = devices.get(device);
        if (at == null) {
            throw new IllegalStateException("no source recorded for device " + device);
        }
        return at;
    }
}
