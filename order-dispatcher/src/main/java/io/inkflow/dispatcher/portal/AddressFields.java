package io.inkflow.dispatcher.portal;

import io.inkflow.dispatcher.portal.book.AddressBook.NewAddress;
import io.inkflow.dispatcher.portal.view.Form;
import io.inkflow.dispatcher.portal.view.Option;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads and validates the fields of the address form; the rules match the JSON API's. */
final class AddressFields {
    private static final Pattern POSTAL_CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 -]{0,11}");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9 ().-]{6,24}");
    private static final Set<String> COUNTRIES = Set.copyOf(Option.values(Option.COUNTRIES));

    private AddressFields() {
    }

    /** The address, or null when a field is invalid (the form then holds why). */
    static NewAddress read(Form form) {
        String label = form.text("label", "Label", false, 40);
        String name = form.text("name", "Full name", true, 100);
        String line1 = form.text("line1", "Address line 1", true, 100);
        String line2 = form.text("line2", "Address line 2", false, 100);
        String city = form.text("city", "Town or city", true, 80);
        String region = form.text("region", "State, province or county", false, 80);
        String postalCode = form.matching("postalCode", "Postal code", true, 12, POSTAL_CODE,
                "Enter a postal code of letters, digits, spaces or dashes");
        String country = form.choice("country", "Select a country", COUNTRIES);
        String phone = form.matching("phone", "Phone", false, 24, PHONE,
                "Enter a phone number of digits, with an optional + and spaces");
        return form.valid() ? new NewAddress(label, name, line1, line2, city, region, postalCode, country, phone)
                : null;
    }

    /** The form pre-filled with an address, for editing. */
    static Form filled(NewAddress a) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("label", a.label());
        values.put("name", a.name());
        values.put("line1", a.line1());
        values.put("line2", a.line2());
        values.put("city", a.city());
        values.put("region", a.region());
        values.put("postalCode", a.postalCode());
        values.put("country", a.country());
        values.put("phone", a.phone());
        return Form.filled(values);
    }
}
