package io.inkflow.schemas;

/** Canon product series covered by the plan. */
public enum Series {
    PIXMA, IMAGEPROGRAF, IMAGECLASS
}
