// Runs the Mustang project's ZUGFeRDValidator on each file named: prints its XML report and a
// verdict line; exits 1 when a file is not completely valid. Run by scripts/facturx-pdf-validate.
import org.mustangproject.validator.ZUGFeRDValidator;

public class Validate {
    public static void main(String[] args) {
        int bad = 0;
        for (String file : args) {
            ZUGFeRDValidator v = new ZUGFeRDValidator();
            v.disableNotices();
            String report = v.validate(file);
            boolean ok = v.wasCompletelyValid();
            if (!ok || System.getenv("VERBOSE") != null) {
                System.out.println(report);
            }
            System.out.println((ok ? "VALID   " : "INVALID ") + file);
            if (!ok) bad++;
        }
        System.out.println(bad + " invalid of " + args.length);
        System.exit(bad == 0 ? 0 : 1);
    }
}
