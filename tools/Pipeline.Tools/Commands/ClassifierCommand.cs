using System.CommandLine;
using Pipeline.Models.Classifiers;
using Spectre.Console;

namespace Pipeline.Tools.Commands;

/// <summary>`train classifier`: the feature network of the evaluation (FID, KID, precision/recall, class accuracy).</summary>
internal static class ClassifierCommand
{
    public static Command Create()
    {
        var features = new Option<int>("--features") { Description = "size of the penultimate features", DefaultValueFactory = _ => 128 };
        return ModelTrainingCommand.Create("classifier", FashionClassifier.Kind,
            "CNN classifier of Fashion-MNIST; its penultimate features define the project's FID.",
            new TrainingDefaults(4, 128, 1e-3), new Option[] { features },
            result => new FashionClassifier(new FashionClassifierConfig { FeatureSize = result.GetValue(features) }),
            (model, _, test, _) => AnsiConsole.MarkupLineInterpolated($"test accuracy {model.Accuracy(test):P2}"));
    }
}
