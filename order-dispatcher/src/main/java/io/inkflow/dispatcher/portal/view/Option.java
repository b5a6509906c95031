package io.inkflow.dispatcher.portal.view;

import java.util.List;

/** One choice of a select, radio group or checkbox group. */
public record Option(String value, String label) {

    /** The countries the pages offer (ISO 3166-1 alpha-2), in the order a chooser lists them. */
    public static final List<Option> COUNTRIES = List.of(
            new Option("US", "United States"), new Option("CA", "Canada"), new Option("GB", "United Kingdom"),
            new Option("IE", "Ireland"), new Option("DE", "Germany"), new Option("FR", "France"),
            new Option("NL", "Netherlands"), new Option("BE", "Belgium"), new Option("LU", "Luxembourg"),
            new Option("ES", "Spain"), new Option("PT", "Portugal"), new Option("IT", "Italy"),
            new Option("AT", "Austria"), new Option("CH", "Switzerland"), new Option("SE", "Sweden"),
            new Option("DK", "Denmark"), new Option("NO", "Norway"), new Option("FI", "Finland"),
            new Option("PL", "Poland"), new Option("CZ", "Czechia"), new Option("AU", "Australia"),
            new Option("NZ", "New Zealand"), new Option("JP", "Japan"), new Option("SG", "Singapore"));

    public static List<String> values(List<Option> options) {
        return options.stream().map(Option::value).toList();
    }
}
