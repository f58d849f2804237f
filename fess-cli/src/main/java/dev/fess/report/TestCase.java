package dev.fess.report;

import java.nio.file.Path;
import java.util.List;

/** A test case as the executor lists it in {@code test_cases.json}: its image channel files and its label file. */
public record TestCase(String caseId, List<Path> images, Path label) {}
