package io.inkflow.dispatcher.portal;

import io.inkflow.dispatcher.persistence.Tx;
import io.inkflow.dispatcher.portal.auth.Credentials;
import io.inkflow.dispatcher.portal.auth.Logins;
import io.inkflow.dispatcher.portal.auth.Passwords;
import io.inkflow.dispatcher.portal.book.Profiles;
import io.inkflow.dispatcher.portal.book.Profiles.Profile;
import io.inkflow.dispatcher.portal.view.Form;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Account settings: profile (name, phone, business), sign-in e-mail and password. */
final class SettingsPages {
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9 ().-]{6,24}");

    private final PortalWeb web;
    private final Pages pages;
    private final Tx tx;
    private final Profiles profiles;
    private final Logins logins;
    private final Passwords passwords;
    private final Credentials credentials;

    SettingsPages(PortalWeb web, Pages pages, Tx tx, Profiles profiles, Logins logins, Passwords passwords,
                  Credentials credentials) {
        this.web = web;
        this.pages = pages;
        this.tx = tx;
        this.profiles = profiles;
        this.logins = logins;
        this.passwords = passwords;
        this.credentials = credentials;
    }

    void register() {
        web.accountGet("/account/settings", (ctx, v) -> page(ctx, v, null, null, 200));
        web.accountPost("/account/settings/profile", this::saveProfile);
        web.accountPost("/account/settings/email", this::changeEmail);
        web.accountPost("/account/settings/password", this::changePassword);
    }

    /** The settings page; {@code failed} names the section whose form is shown with its errors. */
    private void page(Context ctx, Visit v, String failed, Form failedForm, int status) {
        Profile profile = tx.run(c -> profiles.find(c, v.accountId()));
        Map<String, String> values = new HashMap<>();
        values.put("name", profile.name());
        values.put("phone", profile.phone());
        values.put("company", profile.company());
        values.put("taxId", profile.taxId());
        values.put("businessType", profile.businessType());
        Map<String, Object> model = new HashMap<>();
        model.put("frame", v.frame("Account settings", "settings"));
        model.put("profile", "profile".equals(failed) ? failedForm : Form.filled(values));
        model.put("email", "email".equals(failed) ? failedForm : Form.filled(Map.of("email", v.session().email())));
        model.put("password", "password".equals(failed) ? failedForm : Form.empty());
        pages.render(ctx, status, "account/settings.jte", model);
    }

    private void saveProfile(Context ctx, Visit v) {
        Form form = Form.of(ctx.formParamMap());
        String name = form.text("name", "Full name", true, 100);
        String phone = form.matching("phone", "Phone", false, 24, PHONE,
                "Enter a phone number of digits, with an optional + and spaces");
        String company = form.text("company", "Company", false, 120);
        String taxId = form.text("taxId", "Tax or VAT number", false, 40);
        String type = form.value("businessType").isEmpty() ? null
                : form.choice("businessType", "Select how you use your printers", Profiles.BUSINESS_TYPES);
        if (!form.valid()) {
            page(ctx, v, "profile", form, 400);
            return;
        }
        tx.runVoid(c -> profiles.save(c, v.accountId(), new Profile(name, phone, company, taxId, type), v.now()));
        ctx.redirect("/account/settings?notice=profile-saved", HttpStatus.SEE_OTHER);
    }

    private void changeEmail(Context ctx, Visit v) {
        Form form = Form.of(ctx.formParamMap());
        String email = form.email("email", "New e-mail address");
        checkCurrentPassword(form, v);
        if (email != null && Logins.normalize(email).equals(Logins.normalize(v.session().email()))) {
            form.reject("email", "This is already your e-mail address");
        }
        if (form.valid() && !tx.run(c -> credentials.changeEmail(c, v.accountId(), email, v.now()))) {
            form.reject("email", "Another account uses this e-mail address");
        }
        if (!form.valid()) {
            page(ctx, v, "email", form, 400);
            return;
        }
        ctx.redirect("/account/settings?notice=email-changed", HttpStatus.SEE_OTHER);
    }

    private void changePassword(Context ctx, Visit v) {
        Form form = Form.of(ctx.formParamMap());
        checkCurrentPassword(form, v);
        Passwords.problem(form.value("newPassword"), v.session().email())
                .ifPresent(problem -> form.reject("newPassword", problem));
        if (!form.valid()) {
            page(ctx, v, "password", form, 400);
            return;
        }
        String hash = passwords.hash(form.value("newPassword"));
        tx.runVoid(c -> credentials.changePassword(c, v.accountId(), hash, v.session().token(), v.now()));
        ctx.redirect("/account/settings?notice=password-changed", HttpStatus.SEE_OTHER);
    }

    /** Changing the e-mail or the password needs the current password: a session left open is not enough. */
    private void checkCurrentPassword(Form form, Visit v) {
        String current = form.value("currentPassword");
        String hash = tx.run(c -> logins.byAccount(c, v.accountId()).orElseThrow().passwordHash());
        if (current.isEmpty()) {
            form.reject("currentPassword", "Enter your current password");
        } else if (!passwords.matches(current, hash)) {
            form.reject("currentPassword", "Your current password is not right");
        }
    }
}
