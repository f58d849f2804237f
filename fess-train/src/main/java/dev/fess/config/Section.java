package dev.fess.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The records a {@link TrainingConfig} is made of. Each section builds its record from the values of its keys
 * (matched to the record components by {@link ConfigKey#component()}) and reads them back, so a new key needs only
 * its table row and its component.
 */
public enum Section {
    /** {@link DataConfig}. */
    DATA(DataConfig.class),
    /** {@link ModelConfig}. */
    MODEL(ModelConfig.class),
    /** {@link OptimisationConfig}. */
    OPTIMISATION(OptimisationConfig.class),
    /** {@link LossConfig}. */
    LOSS(LossConfig.class),
    /** {@link RunConfig}. */
    RUN(RunConfig.class);

    private final Class<? extends Record> type;
    private volatile Binding binding;

    Section(Class<? extends Record> type) {
        this.type = type;
    }

    /** The record class of this section. */
    public Class<? extends Record> type() {
        return type;
    }

    /** Builds the record from the values of its keys. */
    Record build(Function<ConfigKey<?>, Object> value) {
        Binding b = binding();
        Object[] args = new Object[b.keys.size()];
        for (int i = 0; i < args.length; i++) {
            args[i] = value.apply(b.keys.get(i));
        }
        try {
            return b.constructor.newInstance(args);
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(
                    "cannot build " + type.getSimpleName() + " from " + Arrays.toString(args), e);
        }
    }

    /** The value of {@code key} in a record of this section. */
    Object get(Record record, ConfigKey<?> key) {
        Binding b = binding();
        int i = b.keys.indexOf(key);
        try {
            return b.components[i].getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + key.component() + " of " + type.getSimpleName(), e);
        }
    }

    private Binding binding() {
        Binding b = binding;
        if (b == null) {
            b = bind(this, ConfigKeys.all());
            binding = b;
        }
        return b;
    }

    /** The record's canonical constructor and, per component, its key; every mismatch is a bug in the table. */
    private record Binding(
            Constructor<? extends Record> constructor, RecordComponent[] components, List<ConfigKey<?>> keys) {}

    private static Binding bind(Section s, List<ConfigKey<?>> all) {
        RecordComponent[] components = s.type.getRecordComponents();
        List<ConfigKey<?>> keys = new ArrayList<>();
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            types[i] = c.getType();
            List<ConfigKey<?>> matching = all.stream()
                    .filter(k -> k.section() == s && k.component().equals(c.getName()))
                    .toList();
            if (matching.size() != 1) {
                throw new IllegalStateException(s.type.getSimpleName() + "." + c.getName() + " has " + matching.size()
                        + " keys in ConfigKeys (expected 1)");
            }
            ConfigKey<?> k = matching.get(0);
            if (!boxed(c.getType()).equals(k.type().javaType())) {
                throw new IllegalStateException(
                        "key '" + k.name() + "' is a " + k.type().javaType().getSimpleName()
                                + ", its component " + s.type.getSimpleName() + "." + c.getName() + " a "
                                + c.getType().getSimpleName());
            }
            if (c.getType().isPrimitive() && k.presence() != ConfigKey.Presence.DEFAULT) {
                throw new IllegalStateException("key '" + k.name() + "' may be null, its component "
                        + s.type.getSimpleName() + "." + c.getName() + " is primitive");
            }
            keys.add(k);
        }
        for (ConfigKey<?> k : all) {
            if (k.section() == s && !keys.contains(k)) {
                throw new IllegalStateException("key '" + k.name() + "' names " + s.type.getSimpleName() + "."
                        + k.component() + ", which does not exist");
            }
        }
        try {
            return new Binding(s.type.getDeclaredConstructor(types), components, List.copyOf(keys));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(s.type + " has no canonical constructor", e);
        }
    }

    private static final Map<Class<?>, Class<?>> BOXES = Map.of(
            int.class,
            Integer.class,
            long.class,
            Long.class,
            double.class,
            Double.class,
            float.class,
            Float.class,
            boolean.class,
            Boolean.class);

    private static Class<?> boxed(Class<?> c) {
        return BOXES.getOrDefault(c, c);
    }
}
