package dev.overlaysim.scenarios.lab;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON a teacher collects from {@code overlaysim lab check --report FILE}. It holds no time
 * stamp and no path, so the same work gives the same bytes on every run and machine:
 *
 * <pre>{@code
 * {"format": "overlaysim-lab-report/1", "lab": "vxlan-walk", "passed": false, "itemsPassed": 3, "itemsTotal": 10,
 *  "items": [{"number": 1, "id": "delivered", "kind": "run", "check": "...", "passed": true, "expected": "...", "actual": "..."}, ...]}
 * }</pre>
 */
public final class LabReport {

    public static final String FORMAT = "overlaysim-lab-report/1";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private LabReport() {
    }

    /** @param student the name given with {@code --student}, or null */
    public static String json(Lab lab, String student, List<ItemResult> items) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", FORMAT);
        doc.put("lab", lab.id());
        if (student != null) {
            doc.put("student", student);
        }
        doc.put("title", lab.title().en());
        long passed = items.stream().filter(ItemResult::passed).count();
        doc.put("passed", passed == items.size());
        doc.put("itemsPassed", passed);
        doc.put("itemsTotal", items.size());
        List<Map<String, Object>> list = new ArrayList<>();
        for (ItemResult r : items) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("number", r.number());
            m.put("id", r.id());
            m.put("kind", r.kind());
            m.put("check", r.what());
            m.put("passed", r.passed());
            if (r.teacherGrades()) {
                m.put("teacherGrades", true);
            }
            m.put("expected", r.expected().en());
            m.put("actual", r.actual().en());
            if (!r.passed()) {
                m.put("feedback", r.feedback().en());
            }
            list.add(m);
        }
        doc.put("items", list);
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try {
            return MAPPER.writer(printer).writeValueAsString(doc) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
